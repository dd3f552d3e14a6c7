check tests/models/bad/syntax.yaml
