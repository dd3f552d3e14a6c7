check tests/models/structural/bad-probability.yaml
