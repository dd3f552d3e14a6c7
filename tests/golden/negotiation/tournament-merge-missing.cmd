tournament --merge tests/golden/negotiation/parts/part1.json
