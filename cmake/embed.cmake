# Turn a file into a C array: cmake -DIN=file -DOUT=file.c -P embed.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from ${IN} by cmake/embed.cmake; do not edit. */\n"
  "#include \"accord.h\"\n"
  "static const char scenario[] = {\n${body}0x00};\n"
  "const char *accord_builtin_scenario(size_t *size) { if (size) *size = ${size}; return scenario; }\n"
  "const char *accord_builtin_scenario_name(void) { return \"plan28.yaml (built-in)\"; }\n")
