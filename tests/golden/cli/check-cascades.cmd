check tests/models/bad/cascades.yaml
