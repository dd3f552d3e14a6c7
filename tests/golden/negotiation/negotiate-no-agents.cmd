negotiate ${FIXTURES}/genius/Laptop
