import genius ${FIXTURES}/genius/Laptop --json
