check tests/models/bad/repeated-options.yaml
