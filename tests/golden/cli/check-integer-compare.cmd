check tests/models/bad/integer-compare.yaml
