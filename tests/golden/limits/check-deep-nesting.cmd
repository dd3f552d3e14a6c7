check tests/golden/limits/inputs/deep-nesting.yaml
