check tests/models/does-not-exist.yaml
