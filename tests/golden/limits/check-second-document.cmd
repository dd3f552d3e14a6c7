check tests/golden/limits/inputs/second-document.yaml
