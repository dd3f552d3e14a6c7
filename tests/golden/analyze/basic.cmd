analyze tests/models/basic.yaml
