evaluate ${FIXTURES}/genius/Laptop --terms Laptop=Mac
