check tests/golden/limits/inputs/control-character.yaml
