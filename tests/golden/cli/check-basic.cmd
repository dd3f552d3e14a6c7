check tests/models/basic.yaml
