help stability
