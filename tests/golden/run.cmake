# One golden test: run accord with the arguments in CASE (.cmd), compare
# stdout, stderr and the exit code with CASE's .out, .err and .code files.
#
# In the arguments, ${SRC} is the repository root, ${FIXTURES} the fixtures
# folder (tests/fixtures), ${TMP} a scratch folder of this case's own (under
# WORK_DIR, emptied before the run) and ${OUT} the file ${TMP}/output, for
# `-o ${OUT}`.  A case that names ${TMP} or ${OUT} is also checked for what
# it leaves behind: ${OUT} must hold CASE's .file when that file exists, and
# nothing else may be left in ${TMP} (no output when .file does not exist,
# no temporary file, no folder).  Paths in the output, the messages and the
# .file are shown as FIXTURES/..., TMP/... and relative to the repository.
#
# CASE.columns, when present, sets $COLUMNS (the width text wraps at).
#
# With the environment variable ACCORD_UPDATE_GOLDEN=1 the expected files
# (.out, .err, .code and .file) are rewritten from this run instead, and a
# .file is removed when the run wrote no ${OUT}.  Any .actual file (written
# beside an expected file that differs) is removed when the case passes or
# is updated.
string(REGEX REPLACE "\\.cmd$" "" base ${CASE})
file(READ ${CASE} args)
string(STRIP "${args}" args)
get_filename_component(fixtures "${SOURCE_DIR}/tests/fixtures" ABSOLUTE)
if(NOT WORK_DIR)
  get_filename_component(name ${base} NAME)
  set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}/golden-work/${name}")
endif()
set(tmp "${WORK_DIR}/tmp")
string(FIND "${args}" "\${TMP}" uses_tmp)
string(FIND "${args}" "\${OUT}" uses_out)
if(uses_tmp GREATER -1 OR uses_out GREATER -1)
  set(checks_files TRUE)
  file(REMOVE_RECURSE "${tmp}")
  file(MAKE_DIRECTORY "${tmp}")
else()
  set(checks_files FALSE)
endif()
# The repository's paths are passed relative to it (accord runs there), so
# that text wrapped at a width does not depend on where the clone lies.
string(REPLACE "\${SRC}/" "" args "${args}")
string(REPLACE "\${SRC}" "." args "${args}")
string(REPLACE "\${FIXTURES}" "tests/fixtures" args "${args}")
string(REPLACE "\${OUT}" "${tmp}/output" args "${args}")
string(REPLACE "\${TMP}" "${tmp}" args "${args}")
separate_arguments(argv UNIX_COMMAND "${args}")
set(ENV{NO_COLOR} 1)
unset(ENV{COLUMNS}) # text wraps at the default 100 columns, whatever the terminal
# CASE.columns, when it exists, holds the width to wrap at ($COLUMNS)
if(EXISTS "${base}.columns")
  file(READ "${base}.columns" columns)
  string(STRIP "${columns}" columns)
  set(ENV{COLUMNS} "${columns}")
endif()
execute_process(COMMAND ${ACCORD} ${argv}
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)

# Paths in messages are shown relative to the repository (the scratch
# folder first: it may lie inside the repository, in a build folder).
function(relative_paths var)
  set(text "${${var}}")
  string(REPLACE "${tmp}/" "TMP/" text "${text}")
  string(REPLACE "${fixtures}/" "FIXTURES/" text "${text}")
  string(REPLACE "tests/fixtures/" "FIXTURES/" text "${text}")
  string(REPLACE "${SOURCE_DIR}/" "" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
relative_paths(out)
relative_paths(err)

# What the run left in the scratch folder: its output, and anything else.
set(failed "")
set(has_output FALSE)
if(checks_files)
  file(GLOB_RECURSE left LIST_DIRECTORIES true RELATIVE "${tmp}" "${tmp}/*")
  list(REMOVE_ITEM left output)
  if(left)
    list(JOIN left ", " left)
    list(APPEND failed "the run left behind in TMP: ${left}")
  endif()
  if(EXISTS "${tmp}/output" AND NOT IS_DIRECTORY "${tmp}/output")
    set(has_output TRUE)
    file(READ "${tmp}/output" output)
    relative_paths(output)
  endif()
endif()

if("$ENV{ACCORD_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${base}.out "${out}")
  file(WRITE ${base}.err "${err}")
  file(WRITE ${base}.code "${code}\n")
  if(has_output)
    file(WRITE ${base}.file "${output}")
  else()
    file(REMOVE ${base}.file)
  endif()
  file(REMOVE ${base}.out.actual ${base}.err.actual ${base}.file.actual)
  if(failed)
    message(FATAL_ERROR "golden test ${base}: ${failed}")
  endif()
  return()
endif()

foreach(kind out err)
  if(EXISTS ${base}.${kind})
    file(READ ${base}.${kind} expected)
  else()
    set(expected "")
  endif()
  if("${${kind}}" STREQUAL "${expected}")
    file(REMOVE ${base}.${kind}.actual)
  else()
    file(WRITE ${base}.${kind}.actual "${${kind}}")
    list(APPEND failed "std${kind} differs (see ${base}.${kind}.actual; diff it against ${base}.${kind})")
  endif()
endforeach()
if(checks_files)
  if(EXISTS ${base}.file)
    file(READ ${base}.file expected)
    if(NOT has_output)
      list(APPEND failed "the run wrote no output file (expected ${base}.file)")
    elseif("${output}" STREQUAL "${expected}")
      file(REMOVE ${base}.file.actual)
    else()
      file(WRITE ${base}.file.actual "${output}")
      list(APPEND failed "the output file differs (see ${base}.file.actual; diff it against ${base}.file)")
    endif()
  elseif(has_output)
    list(APPEND failed "the run wrote an output file, and ${base}.file does not exist")
  endif()
endif()
if(EXISTS ${base}.code)
  file(READ ${base}.code expected_code)
  string(STRIP "${expected_code}" expected_code)
else()
  set(expected_code "(no ${base}.code: a new case is written with ACCORD_UPDATE_GOLDEN=1)")
endif()
if(NOT "${code}" STREQUAL "${expected_code}")
  list(APPEND failed "exit code ${code}, expected ${expected_code}")
endif()
if(failed)
  message(FATAL_ERROR "golden test ${base}: ${failed}\nstderr was:\n${err}")
endif()
if(checks_files)
  file(REMOVE_RECURSE "${tmp}")
endif()
