# Runs one libFuzzer target for SECONDS on a fresh copy of its seeds and regressions; fails on
# any crash, leak, timeout or out-of-memory (libFuzzer exits non-zero), and says where the
# reproducer is.
string(REPLACE "|" ";" SEEDS "${SEEDS}")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
foreach(dir ${SEEDS} ${REGRESSIONS})
  file(GLOB files ${dir}/*)
  foreach(f ${files})
    get_filename_component(name ${f} NAME)
    if(NOT IS_DIRECTORY ${f} AND NOT name MATCHES "^\\.")
      file(COPY ${f} DESTINATION ${WORK}/corpus)
    endif()
  endforeach()
endforeach()
execute_process(
  COMMAND ${TARGET} ${WORK}/corpus -dict=${DICT} -max_total_time=${SECONDS} -timeout=10
          -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(GLOB found ${WORK}/artifacts/*)
  message(FATAL_ERROR "the fuzzer found a problem (exit ${result}): ${found}\n"
                      "Reproduce with: ${TARGET} <file>; once fixed, add the file to "
                      "fuzz/regressions/ so that ctest replays it in every build.")
endif()
