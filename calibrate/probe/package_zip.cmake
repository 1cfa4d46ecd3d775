# Stages the probe into STAGE and zips it:
#   bootstrap               the script Lambda runs (probe/bootstrap.sh)
#   bin/breakeven-probe     the program
#   lib/                    every shared library it needs, the C library and the loader included, so it
#                           does not depend on the glibc of the Lambda image
# Usage: cmake -DPROGRAM=... -DBOOTSTRAP_SCRIPT=... -DSTAGE=... -DZIP=... -P package_zip.cmake
file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE}/bin ${STAGE}/lib)
set(exec_permissions OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(COPY ${PROGRAM} DESTINATION ${STAGE}/bin FILE_PERMISSIONS ${exec_permissions})
file(COPY ${BOOTSTRAP_SCRIPT} DESTINATION ${STAGE} FILE_PERMISSIONS ${exec_permissions})
file(RENAME ${STAGE}/bootstrap.sh ${STAGE}/bootstrap)
file(GET_RUNTIME_DEPENDENCIES EXECUTABLES ${PROGRAM} RESOLVED_DEPENDENCIES_VAR libs)
foreach(lib ${libs})
  get_filename_component(name ${lib} NAME)
  configure_file(${lib} ${STAGE}/lib/${name} COPYONLY)  # follows symbolic links
endforeach()
# The loader (program interpreter) is not a listed dependency; take it from the program's PT_INTERP.
execute_process(COMMAND readelf -l ${PROGRAM} OUTPUT_VARIABLE headers)
string(REGEX MATCH "interpreter: ([^]]+)]" _ "${headers}")
set(loader ${CMAKE_MATCH_1})
if(NOT loader OR NOT EXISTS ${loader})
  message(FATAL_ERROR "cannot find the program interpreter of ${PROGRAM}")
endif()
get_filename_component(loader_name ${loader} NAME)
configure_file(${loader} ${STAGE}/lib/${loader_name} COPYONLY)
file(CHMOD ${STAGE}/lib/${loader_name} PERMISSIONS ${exec_permissions})
file(GLOB staged RELATIVE ${STAGE} ${STAGE}/bootstrap ${STAGE}/bin/* ${STAGE}/lib/*)
file(REMOVE ${ZIP})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${ZIP} --format=zip ${staged}
                WORKING_DIRECTORY ${STAGE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zipping the probe failed")
endif()
