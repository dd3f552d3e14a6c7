tournament ${FIXTURES}/genius/Laptop --agents conceder,random --repeat 2 --rounds 10 --part 1/2 --json
