report tests/models/report/small.yaml --json
