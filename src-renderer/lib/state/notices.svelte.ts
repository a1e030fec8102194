// Messages shown to the user: errors stay until dismissed (nothing is swallowed), status lines fade.
export interface Notice { id: number; kind: 'error' | 'info'; text: string }

export class Notices {
  items = $state<Notice[]>([]);
  private nextId = 1;

  error(text: string): void {
    this.items = [...this.items, { id: this.nextId++, kind: 'error', text }];
  }

  info(text: string): void {
    const id = this.nextId++;
    this.items = [...this.items, { id, kind: 'info', text }];
    setTimeout(() => this.dismiss(id), 4000);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();
