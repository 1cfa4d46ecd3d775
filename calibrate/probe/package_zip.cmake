# Stages bootstrap and the shared libraries it links (except the C library itself, which
# provided.al2023 has) into STAGE, then zips them: Lambda adds /var/task/lib to LD_LIBRARY_PATH.
# Usage: cmake -DBOOTSTRAP=... -DSTAGE=... -DZIP=... -P package_zip.cmake
file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE}/lib)
file(COPY ${BOOTSTRAP} DESTINATION ${STAGE}
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(GET_RUNTIME_DEPENDENCIES
  EXECUTABLES ${BOOTSTRAP}
  RESOLVED_DEPENDENCIES_VAR libs
  # glibc's own libraries come from the Lambda image; bundling them would break the loader.
  POST_EXCLUDE_REGEXES "/ld-linux[^/]*$" "/libc\\.so" "/libm\\.so" "/libpthread\\.so" "/libdl\\.so" "/librt\\.so"
                       "/libresolv\\.so")
foreach(lib ${libs})
  get_filename_component(name ${lib} NAME)
  configure_file(${lib} ${STAGE}/lib/${name} COPYONLY)
endforeach()
file(GLOB staged RELATIVE ${STAGE} ${STAGE}/bootstrap ${STAGE}/lib/*)
file(REMOVE ${ZIP})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${ZIP} --format=zip ${staged}
                WORKING_DIRECTORY ${STAGE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zipping the probe failed")
endif()
