/** `/bigscreen-view?regionId=&scopeKind=&scopeId=&period=`: a level's big screen for the signed-in admin, full screen, outside the layout. */
import { useSearchParams } from 'react-router-dom';
import { RequireAuth } from '../../auth.tsx';
import { bigscreenApi, type BigScreenLevel } from './api.ts';
import { BigScreenBoard } from './BigScreen.tsx';

function View() {
  const [params] = useSearchParams();
  const level: BigScreenLevel = {
    regionId: params.get('regionId') ?? '',
    scopeKind: (params.get('scopeKind') ?? 'region') as BigScreenLevel['scopeKind'],
    scopeId: params.get('scopeId') ?? undefined,
    keys: params.get('keys') ?? undefined,
    period: params.get('period') ?? undefined,
  };
  const key = `bigscreen:${params.toString()}`;
  return <BigScreenBoard queryKey={key} load={(signal) => bigscreenApi.screen(level, signal)} />;
}

export default function BigScreenViewPage() {
  return <RequireAuth><View /></RequireAuth>;
}
