check tests/golden/limits/inputs/alias-bomb.yaml
