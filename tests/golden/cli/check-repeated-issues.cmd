check tests/models/bad/repeated-issues.yaml
