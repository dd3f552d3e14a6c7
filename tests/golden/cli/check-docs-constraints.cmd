check tests/models/docs-constraints.yaml
