check tests/golden/limits/inputs/alias-cycle.yaml
