// Starts kinesalite with its in-memory store (memdown: no --path, so the native leveldown is never loaded) on
// 127.0.0.1 and a port the OS picks, and prints "listening <port>" once it accepts connections.
// Usage: node kinesalite-server.js [createStreamMs]
'use strict'
const kinesalite = require('kinesalite')

const createStreamMs = process.argv[2] === undefined ? 0 : Number(process.argv[2])
const server = kinesalite({createStreamMs, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100})
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port))
// The Go side ends us with SIGTERM or SIGKILL, or by closing stdin.
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
