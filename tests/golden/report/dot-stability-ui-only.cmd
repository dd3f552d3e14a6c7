stability tests/models/report/small.yaml --dot --ui-only
