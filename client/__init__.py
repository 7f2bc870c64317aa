"""The demo client: the same requests one after another, then concurrently."""
