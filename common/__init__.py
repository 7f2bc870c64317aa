"""What the server, the client and the demos share: error manners, limits, the wire."""
