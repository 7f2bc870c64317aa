"""The demo server: slow, honest endpoints to call concurrently."""
