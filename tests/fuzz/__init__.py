"""The long fuzz run (`make fuzz`): see run.py."""
