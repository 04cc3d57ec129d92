# Assembles the installable packages from a built ptmcp binary (run with cmake -P):
#   OUT/marketplace/                      a plugin marketplace (claude plugin marketplace add)
#   OUT/marketplace/physical-therapist/   the Claude Code / Cowork plugin, binary in bin/
#   OUT/physical-therapist-VERSION.plugin the plugin directory, zipped
#   OUT/mcpb/                             the Claude Desktop extension's contents
#   OUT/ptmcp.mcpb                        the extension, zipped
# Every shared library the binary needs beyond the C library and the loader is copied
# into lib/ beside bin/ (the binary's RUNPATH is $ORIGIN/../lib).
# Inputs: BINARY, SOURCE (the repository), OUT, VERSION, PLATFORM (linux, darwin, win32).
cmake_minimum_required(VERSION 3.25)
foreach(var BINARY SOURCE OUT VERSION PLATFORM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble.cmake needs -D${var}=...")
  endif()
endforeach()

# Libraries every target system has: the C library, the loader and the kernel's vDSO.
set(SYSTEM_LIBRARIES
  "^(ld-linux.*|linux-vdso.*|libc|libm|libdl|libpthread|librt|libresolv)\\.so.*"
  "^/usr/lib/system/.*" "^/System/.*" "^libSystem.*"
  "^api-ms-.*" "^ext-ms-.*" "^(kernel32|user32|advapi32|ws2_32|bcrypt|shell32|ole32|msvcrt|ucrtbase)\\.dll$")

function(bundle_libraries binary libdir)
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES ${binary}
    RESOLVED_DEPENDENCIES_VAR resolved
    UNRESOLVED_DEPENDENCIES_VAR unresolved
    PRE_EXCLUDE_REGEXES ${SYSTEM_LIBRARIES}
    POST_EXCLUDE_REGEXES "^/lib(64)?/ld-linux.*" "^/(usr/)?lib.*/lib(c|m|dl|pthread|rt|resolv)\\.so.*")
  if(unresolved)
    message(FATAL_ERROR "ptmcp needs libraries that cannot be found: ${unresolved}")
  endif()
  foreach(lib IN LISTS resolved)
    file(MAKE_DIRECTORY ${libdir})
    file(COPY ${lib} DESTINATION ${libdir} FOLLOW_SYMLINK_CHAIN)
    message(STATUS "bundled ${lib}")
  endforeach()
endfunction()

# Sets "version" (and, for the extension, the platform) in a JSON file copied from SOURCE.
function(stamp_json from to)
  file(READ ${from} json)
  string(JSON json SET "${json}" version "\"${VERSION}\"")
  if(ARGN)
    string(JSON json SET "${json}" compatibility platforms "[\"${PLATFORM}\"]")
  endif()
  file(WRITE ${to} "${json}\n")
endfunction()

# Zips the files (never directory entries, which the MCPB unpacker cannot handle) under
# workdir, paths relative to it, dot-files included.
function(zip archive workdir)
  file(REMOVE ${archive})
  file(GLOB_RECURSE files RELATIVE ${workdir} LIST_DIRECTORIES false ${workdir}/*)
  list(SORT files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${archive} --format=zip -- ${files}
    WORKING_DIRECTORY ${workdir} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not write ${archive}")
  endif()
endfunction()

if(PLATFORM STREQUAL "win32")
  set(exe ptmcp.exe)
else()
  set(exe ptmcp)
endif()

# --- The Claude Code / Cowork plugin, inside a marketplace of one. ---
set(market ${OUT}/marketplace)
set(plugin ${market}/physical-therapist)
file(REMOVE_RECURSE ${market})
file(MAKE_DIRECTORY ${plugin}/.claude-plugin ${plugin}/bin ${market}/.claude-plugin)
stamp_json(${SOURCE}/plugin/.claude-plugin/plugin.json ${plugin}/.claude-plugin/plugin.json)
file(COPY ${SOURCE}/plugin/.mcp.json ${SOURCE}/plugin/skills DESTINATION ${plugin})
file(COPY ${BINARY} DESTINATION ${plugin}/bin
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
bundle_libraries(${plugin}/bin/${exe} ${plugin}/lib)
file(READ ${SOURCE}/.claude-plugin/marketplace.json marketplace)
string(JSON marketplace SET "${marketplace}" plugins 0 source "\"./physical-therapist\"")
string(JSON marketplace SET "${marketplace}" plugins 0 version "\"${VERSION}\"")
file(WRITE ${market}/.claude-plugin/marketplace.json "${marketplace}\n")
zip(${OUT}/physical-therapist-${VERSION}.plugin ${plugin})

# --- The Claude Desktop extension. ---
set(bundle ${OUT}/mcpb)
file(REMOVE_RECURSE ${bundle})
file(MAKE_DIRECTORY ${bundle}/server)
stamp_json(${SOURCE}/plugin/mcpb/manifest.json ${bundle}/manifest.json platforms)
file(COPY ${BINARY} DESTINATION ${bundle}/server
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
bundle_libraries(${bundle}/server/${exe} ${bundle}/lib)
zip(${OUT}/ptmcp.mcpb ${bundle})
message(STATUS "plugin: ${plugin}")
message(STATUS "plugin archive: ${OUT}/physical-therapist-${VERSION}.plugin")
message(STATUS "desktop extension: ${OUT}/ptmcp.mcpb")
