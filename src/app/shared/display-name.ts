/** How people are named on the board: name and surname, or the username when the server has neither. */
export function displayName(person: { username: string; name?: string | null; surname?: string | null }): string {
  return [person.name, person.surname].filter((part) => !!part?.trim()).join(' ') || person.username;
}
