/** `/kiosk/:token`: a kiosk link's big screen, without sign-in (a lobby screen); a made-up or revoked link shows "not found". */
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { useT } from '../../i18n.ts';
import { bigscreenApi } from './api.ts';
import { BigScreenBoard } from './BigScreen.tsx';

export default function KioskPage() {
  const t = useT();
  const { token = '' } = useParams();
  return (
    <BigScreenBoard queryKey={`kiosk:${token}`} load={(signal) => bigscreenApi.kiosk(token, signal)}
      onNotFound={(err) => (
        <div data-testid="bigscreen-404" style={{ padding: 120, fontSize: 40, color: '#7f9cc9', textAlign: 'center' }}>
          {err instanceof ApiError && err.status === 404 ? t('bigscreen.notFound') : String((err as Error).message)}
        </div>
      )} />
  );
}
