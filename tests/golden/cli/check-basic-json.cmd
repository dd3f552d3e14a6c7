check tests/models/basic.yaml --json
