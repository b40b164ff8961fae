// Adds one flag per Config option to a command, and reads them back into a Config.
import type { Command } from 'commander'
import { DEFAULTS, OPTIONS, kebab, envName, resolveConfig } from '../config.js'
import type { Config } from '../config.js'

export function withConfigOptions(command: Command, only?: readonly (keyof Config)[]): Command {
  command.option('--config <file>', 'JSON file with any of these options')
  for (const [name, spec] of Object.entries(OPTIONS)) {
    if (only !== undefined && !only.includes(name as keyof Config)) continue
    const fallback = DEFAULTS[name as keyof Config]
    const shownDefault =
      fallback === '' || spec.secret === true ? '' : ` (default: ${String(fallback)})`
    // A switch takes an optional value: `--https` alone is true (commander passes `true`).
    const argument = spec.isFlag === true ? '[value]' : '<value>'
    command.option(
      `--${kebab(name)} ${argument}`,
      `${spec.description}; env ${envName(name)}${shownDefault}`,
    )
  }
  return command
}

export function configFrom(options: Record<string, unknown>): Config {
  const flags: Record<string, unknown> = {}
  for (const name of Object.keys(OPTIONS))
    if (options[name] !== undefined) flags[name] = options[name]
  return resolveConfig({
    ...(typeof options.config === 'string' ? { file: options.config } : {}),
    env: process.env,
    flags,
  })
}
