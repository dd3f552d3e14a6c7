tournament --merge tests/golden/negotiation/parts/part1.json tests/golden/negotiation/parts/part2.json
