analyze --json --samples 50
