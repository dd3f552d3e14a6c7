report tests/models/conflict/elmira.yaml --json
