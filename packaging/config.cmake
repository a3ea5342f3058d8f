# Writes the packaged configuration: packaging/kiosk.conf with the release
# key's line ("trusted_key = HEX", as keygen wrote it to NAME.pub) in place of
# the placeholder, and the key itself as release.pub.
# cmake -DIN=kiosk.conf -DPUB=NAME.pub -DOUT=dir -P config.cmake
file(READ ${PUB} pub)
string(STRIP "${pub}" pub)
if(NOT pub MATCHES "^trusted_key = [0-9a-f]+$")
  message(FATAL_ERROR "${PUB}: not a public key written by incontro-pack keygen")
endif()
file(READ ${IN} conf)
string(REPLACE "# trusted_key = (the line incontro-pack keygen wrote to NAME.pub)" "${pub}" conf "${conf}")
if(NOT conf MATCHES "\ntrusted_key = ")
  message(FATAL_ERROR "${IN}: no trusted_key placeholder")
endif()
file(WRITE ${OUT}/kiosk.conf "${conf}")
file(WRITE ${OUT}/release.pub "${pub}\n")
