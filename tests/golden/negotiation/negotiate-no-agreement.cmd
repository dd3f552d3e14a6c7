negotiate ${FIXTURES}/genius/Laptop --agents hardliner,hardliner --rounds 5
