check tests/models/claims/bad.yaml
