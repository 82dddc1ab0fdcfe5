# SPDX-License-Identifier: MIT
# Fails when README.md does not contain tests/quickstart/quickstart.cpp verbatim, so the quick
# start a newcomer reads is the code the build compiles and the tests run.
file(READ "${README}" readme)
file(READ "${SNIPPET}" snippet)
string(FIND "${readme}" "${snippet}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not contain ${SNIPPET} verbatim: update the quick start")
endif()
