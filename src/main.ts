// bin entry: hands argv to the CLI.
import { buildProgram } from './cli/program.js'

await buildProgram().parseAsync(process.argv)
