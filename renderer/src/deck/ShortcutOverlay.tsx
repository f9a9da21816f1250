import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

export function ShortcutOverlay({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')} destroyOnHidden>
      <table className="ws-shortcuts" data-testid="shortcut-overlay">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.descKey}>
              <td className="ws-shortcut-keys">
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{t(s.descKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
