stability tests/models/report/small.yaml --dot --json
