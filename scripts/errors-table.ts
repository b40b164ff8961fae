// Prints the catalogue as docs/errors.md table rows, to start a new row from (the prose is by hand).
import { errors } from '../src/errors/catalogue.js'

for (const [name, factory] of Object.entries(errors)) {
  const error = (
    factory as (...args: unknown[]) => { status: number; code: string; message: string }
  )('x', 'y')
  console.log(
    `| \`${name}\` | ${error.status} | \`${error.code}\` | ${error.message.replace(/\|/g, '\\|')} |`,
  )
}
