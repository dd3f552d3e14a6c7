check tests/models/docs-groups.yaml
