import { prepareTemplate } from './databases.ts'

export default async function setup(): Promise<() => Promise<void>> {
  return prepareTemplate()
}
