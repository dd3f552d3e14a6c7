check tests/golden/limits/inputs/invalid-utf8.yaml
