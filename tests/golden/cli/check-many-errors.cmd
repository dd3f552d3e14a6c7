check tests/models/bad/many-errors.yaml
