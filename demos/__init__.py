"""The asyncio tour: numbered scripts, one idea each, to read aloud and run."""
