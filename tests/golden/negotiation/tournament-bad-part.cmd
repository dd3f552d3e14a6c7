tournament ${FIXTURES}/genius/Laptop --agents linear --part 3/2
